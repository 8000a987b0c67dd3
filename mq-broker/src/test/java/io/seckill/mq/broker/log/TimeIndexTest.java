package io.seckill.mq.broker.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TimeIndexTest {
    @TempDir
    Path dir;

    @Test
    void entryIsAddedOnlyWhenTheLargestTimestampGrows() {
        TimeIndex index = new TimeIndex(100);

        index.maybeAppend(5_000, 110);
        index.maybeAppend(5_000, 120);
        index.maybeAppend(4_000, 130);
        index.maybeAppend(6_000, 140);

        assertThat(index.entryCount()).isEqualTo(2);
        assertThat(index.lastTimestamp()).isEqualTo(6_000);
        assertThat(index.lastOffset()).isEqualTo(140);
    }

    @Test
    void lookupReturnsAnOffsetBeforeWhichEveryTimestampIsSmaller() {
        TimeIndex index = new TimeIndex(100);
        index.maybeAppend(5_000, 110);
        index.maybeAppend(6_000, 140);
        index.maybeAppend(9_000, 170);

        assertThat(index.offsetBefore(4_000)).isEqualTo(-1);
        assertThat(index.offsetBefore(5_000)).isEqualTo(-1);
        assertThat(index.offsetBefore(5_001)).isEqualTo(110);
        assertThat(index.offsetBefore(6_000)).isEqualTo(110);
        assertThat(index.offsetBefore(8_000)).isEqualTo(140);
        assertThat(index.offsetBefore(100_000)).isEqualTo(170);
    }

    @Test
    void emptyIndexHasNoTimestamp() {
        TimeIndex index = new TimeIndex(0);

        assertThat(index.lastTimestamp()).isEqualTo(-1);
        assertThat(index.lastOffset()).isEqualTo(-1);
        assertThat(index.offsetBefore(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void truncationDropsEntriesAtOrAfterOffset() {
        TimeIndex index = new TimeIndex(100);
        index.maybeAppend(5_000, 110);
        index.maybeAppend(6_000, 140);

        index.truncateFrom(140);

        assertThat(index.entryCount()).isEqualTo(1);
        assertThat(index.lastTimestamp()).isEqualTo(5_000);
    }

    @Test
    void fileRoundTripKeepsEveryEntry() throws IOException {
        Path file = dir.resolve("00000000000000000100.timeindex");
        TimeIndex index = new TimeIndex(100);
        index.maybeAppend(5_000, 110);
        index.maybeAppend(6_000, 140);
        index.writeTo(file);

        TimeIndex loaded = TimeIndex.load(file, 100).orElseThrow();

        assertThat(Files.size(file)).isEqualTo(2 * TimeIndex.ENTRY_BYTES);
        assertThat(loaded.lastTimestamp()).isEqualTo(6_000);
        assertThat(loaded.offsetBefore(5_500)).isEqualTo(110);
    }

    @Test
    void fileIsRejectedWhenTornOrNotMonotonic() throws IOException {
        Path file = dir.resolve("00000000000000000100.timeindex");
        Files.write(file, new byte[TimeIndex.ENTRY_BYTES * 2 - 1]);
        assertThat(TimeIndex.load(file, 100)).isEmpty();

        Files.write(file, ByteBuffer.allocate(24).putLong(6_000).putInt(10).putLong(5_000).putInt(20).array());
        assertThat(TimeIndex.load(file, 100)).isEmpty();
    }
}
