package io.seckill.order.infra.mysql;

import io.seckill.order.domain.Order;
import io.seckill.order.domain.OrderStatus;
import io.seckill.order.domain.OrderSummary;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import java.time.Instant;
import java.util.List;

/**
 * SQL of the {@code orders} table (see {@code db/migration}); instants are stored as UTC {@code DATETIME(3)}.
 * Transitions are single guarded UPDATEs: they change the row only if it still has the status and version the
 * decision was made on, and return the rows changed (0 or 1).
 */
@Mapper
public interface OrderMapper {

    String COLUMNS = "order_id, activity_id, user_id, amount_cents, status, version, created_at, paid_at,"
            + " cancelled_at, payment_id";

    /** Inserts a new order; a duplicate order id fails with a duplicate-key error. */
    @Insert("INSERT INTO orders (" + COLUMNS + ", timeout_message_id) VALUES (#{order.orderId},"
            + " #{order.activityId}, #{order.userId}, #{order.amountCents}, #{order.status}, #{order.version},"
            + " #{order.createdAt}, NULL, NULL, NULL, #{timeoutMessageId})")
    void insert(@Param("order") Order order, @Param("timeoutMessageId") String timeoutMessageId);

    @Select("SELECT " + COLUMNS + " FROM orders WHERE order_id = #{orderId}")
    @Results(id = "order")
    @ConstructorArgs({
            @Arg(column = "order_id", javaType = String.class, id = true),
            @Arg(column = "activity_id", javaType = String.class),
            @Arg(column = "user_id", javaType = String.class),
            @Arg(column = "amount_cents", javaType = long.class),
            @Arg(column = "status", javaType = OrderStatus.class),
            @Arg(column = "version", javaType = int.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "paid_at", javaType = Instant.class),
            @Arg(column = "cancelled_at", javaType = Instant.class),
            @Arg(column = "payment_id", javaType = String.class)
    })
    Order findById(@Param("orderId") String orderId);

    @Select("SELECT " + COLUMNS + " FROM orders WHERE user_id = #{userId}"
            + " ORDER BY created_at DESC, order_id DESC LIMIT #{limit}")
    @ResultMap("order")
    List<Order> findByOwner(@Param("userId") String userId, @Param("limit") int limit);

    @Update("UPDATE orders SET status = 'PAID', paid_at = #{paidAt}, payment_id = #{paymentId},"
            + " version = version + 1"
            + " WHERE order_id = #{orderId} AND status = #{expectedStatus} AND version = #{expectedVersion}")
    int markPaid(@Param("orderId") String orderId, @Param("expectedStatus") OrderStatus expectedStatus,
                 @Param("expectedVersion") int expectedVersion, @Param("paymentId") String paymentId,
                 @Param("paidAt") Instant paidAt);

    @Update("UPDATE orders SET status = 'CANCELLED', cancelled_at = #{cancelledAt},"
            + " cancel_message_id = #{cancelMessageId}, version = version + 1"
            + " WHERE order_id = #{orderId} AND status = #{expectedStatus} AND version = #{expectedVersion}")
    int markCancelled(@Param("orderId") String orderId, @Param("expectedStatus") OrderStatus expectedStatus,
                      @Param("expectedVersion") int expectedVersion, @Param("cancelledAt") Instant cancelledAt,
                      @Param("cancelMessageId") String cancelMessageId);

    /**
     * The order's status and the ids of the half messages that created and cancelled it, read with a shared lock:
     * the read waits for a transaction that is inserting or updating the row, so a check-back sees its outcome.
     */
    @Select("SELECT status, timeout_message_id, cancel_message_id FROM orders WHERE order_id = #{orderId}"
            + " LOCK IN SHARE MODE")
    @ConstructorArgs({
            @Arg(column = "status", javaType = OrderStatus.class),
            @Arg(column = "timeout_message_id", javaType = String.class),
            @Arg(column = "cancel_message_id", javaType = String.class)
    })
    OrderMessages lockMessages(@Param("orderId") String orderId);

    /** Counts by status and buyers in one pass over the activity's index entries, the largest holding in another. */
    @Select("SELECT COALESCE(SUM(status = 'PENDING_PAYMENT'), 0) AS pending_payment,"
            + " COALESCE(SUM(status = 'PAID'), 0) AS paid,"
            + " COALESCE(SUM(status = 'CANCELLED'), 0) AS cancelled,"
            + " COUNT(DISTINCT CASE WHEN status <> 'CANCELLED' THEN user_id END) AS distinct_buyers,"
            + " (SELECT COALESCE(MAX(held), 0) FROM (SELECT COUNT(*) AS held FROM orders"
            + "   WHERE activity_id = #{activityId} AND status <> 'CANCELLED' GROUP BY user_id) AS per_buyer)"
            + "   AS max_per_buyer"
            + " FROM orders WHERE activity_id = #{activityId}")
    @ConstructorArgs({
            @Arg(column = "pending_payment", javaType = long.class),
            @Arg(column = "paid", javaType = long.class),
            @Arg(column = "cancelled", javaType = long.class),
            @Arg(column = "distinct_buyers", javaType = long.class),
            @Arg(column = "max_per_buyer", javaType = long.class)
    })
    OrderSummary summarize(@Param("activityId") String activityId);

    /**
     * What a check-back needs to know about an order.
     *
     * @param status           the order's status
     * @param timeoutMessageId the half message whose local transaction inserted the order
     * @param cancelMessageId  the half message whose local transaction cancelled it, if cancelled
     */
    record OrderMessages(OrderStatus status, String timeoutMessageId, String cancelMessageId) {
    }
}
