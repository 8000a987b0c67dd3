package io.seckill.order.infra.mysql;

import io.seckill.order.domain.RefundRequest;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL of the {@code refund_request} table (see {@code db/migration}): one row per refunded payment. */
@Mapper
public interface RefundRequestMapper {

    /** Inserts the request; a payment already requested fails with a duplicate-key error. */
    @Insert("INSERT INTO refund_request (payment_id, order_id, amount_cents, requested_at, message_id)"
            + " VALUES (#{refund.paymentId}, #{refund.orderId}, #{refund.amountCents}, #{refund.requestedAt},"
            + " #{messageId})")
    void insert(@Param("refund") RefundRequest refund, @Param("messageId") String messageId);

    /**
     * The id of the half message that requested the payment's refund, or null, read with a shared lock so that a
     * check-back waits for a transaction inserting it.
     */
    @Select("SELECT message_id FROM refund_request WHERE payment_id = #{paymentId} LOCK IN SHARE MODE")
    String lockMessageId(@Param("paymentId") String paymentId);
}
