package io.seckill.mq.broker.log;

import java.util.NavigableMap;

/** A partition directory as {@link LogLoader} left it: contiguous segments (the last active), producer state. */
record LoadedLog(NavigableMap<Long, LogSegment> segments, ProducerStateManager producerState) {
}
