package io.seckill.inventory.infra.mysql;

import io.seckill.common.event.SeckillReserved;
import io.seckill.inventory.domain.LiveReservation;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

import java.time.Instant;
import java.util.List;

/** SQL of the {@code stock_ledger} table and of the deduction it guards (see {@code db/migration}). */
@Mapper
public interface StockLedgerMapper {

    /**
     * Inserts one row of one unit per reservation, skipping orders already recorded (the primary key).
     *
     * @return the rows actually inserted: the reservations that were new
     */
    @Insert("<script>INSERT IGNORE INTO stock_ledger"
            + " (order_id, activity_id, user_id, quantity, reserved_at, created_at) VALUES"
            + "<foreach collection='reservations' item='r' separator=','>"
            + "(#{r.orderId}, #{r.activityId}, #{r.userId}, 1,"
            + " #{r.reservedAt,typeHandler=io.seckill.common.mysql.UtcInstantTypeHandler}, #{createdAt})"
            + "</foreach></script>")
    int insertNew(@Param("reservations") List<SeckillReserved> reservations, @Param("createdAt") Instant createdAt);

    /** Takes {@code units} from the activity's remaining stock if it has that many; returns the rows changed (0 or 1). */
    @Update("UPDATE activity SET remaining = remaining - #{units} WHERE id = #{activityId} AND remaining >= #{units}")
    int deductRemaining(@Param("activityId") String activityId, @Param("units") long units);

    /**
     * Records the cancelled order's row as released when the row does not exist yet (the cancellation overtook the
     * reservation's ledger entry); the reservation arriving later is then skipped and never deducted.
     *
     * @return 1 if the released row was inserted, 0 if a row for the order exists
     */
    @Insert("INSERT IGNORE INTO stock_ledger"
            + " (order_id, activity_id, user_id, quantity, reserved_at, created_at, released_at)"
            + " VALUES (#{orderId}, #{activityId}, #{userId}, 1, #{releasedAt}, #{releasedAt}, #{releasedAt})")
    int insertReleased(@Param("orderId") String orderId, @Param("activityId") String activityId,
                       @Param("userId") String userId, @Param("releasedAt") Instant releasedAt);

    /** Marks the order's row released unless it already is; returns the rows changed (0 or 1). */
    @Update("UPDATE stock_ledger SET released_at = #{releasedAt} WHERE order_id = #{orderId} AND released_at IS NULL")
    int markReleased(@Param("orderId") String orderId, @Param("releasedAt") Instant releasedAt);

    /** The activity of the order's row (the cancellation's own claim is checked against it), or null. */
    @Select("SELECT activity_id FROM stock_ledger WHERE order_id = #{orderId}")
    String activityOf(@Param("orderId") String orderId);

    /** Gives {@code units} back to the activity's remaining stock unless that would exceed its stock. */
    @Update("UPDATE activity SET remaining = remaining + #{units} WHERE id = #{activityId}"
            + " AND remaining + #{units} <= stock")
    int restoreRemaining(@Param("activityId") String activityId, @Param("units") long units);

    /** The activity's live reservations (rows not released), oldest first. */
    @Select("SELECT order_id, user_id FROM stock_ledger WHERE activity_id = #{activityId} AND released_at IS NULL"
            + " ORDER BY order_id")
    @ConstructorArgs({
            @Arg(column = "order_id", javaType = String.class, id = true),
            @Arg(column = "user_id", javaType = String.class)
    })
    List<LiveReservation> findLive(@Param("activityId") String activityId);
}
