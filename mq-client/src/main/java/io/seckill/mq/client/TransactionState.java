package io.seckill.mq.client;

/** The outcome of a local transaction, as reported by the sender or by a check-back handler. */
public enum TransactionState {
    /** The local transaction committed: the half message is delivered. */
    COMMIT,
    /** The local transaction rolled back (or never happened): the half message is discarded. */
    ROLLBACK,
    /** Not known yet: the coordinator checks back again after the check interval, up to the check limit. */
    UNKNOWN
}
