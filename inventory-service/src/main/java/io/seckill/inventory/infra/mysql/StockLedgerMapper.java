package io.seckill.inventory.infra.mysql;

import io.seckill.common.event.SeckillReserved;
import org.apache.ibatis.annotations.Insert;
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
            + " #{r.reservedAt,typeHandler=io.seckill.inventory.infra.mysql.UtcInstantTypeHandler}, #{createdAt})"
            + "</foreach></script>")
    int insertNew(@Param("reservations") List<SeckillReserved> reservations, @Param("createdAt") Instant createdAt);

    /** Takes {@code units} from the activity's remaining stock if it has that many; returns the rows changed (0 or 1). */
    @Update("UPDATE activity SET remaining = remaining - #{units} WHERE id = #{activityId} AND remaining >= #{units}")
    int deductRemaining(@Param("activityId") String activityId, @Param("units") long units);
}
