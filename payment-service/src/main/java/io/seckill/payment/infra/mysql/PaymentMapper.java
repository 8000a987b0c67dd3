package io.seckill.payment.infra.mysql;

import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentStatus;
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

/**
 * SQL of the {@code payment} table (see {@code db/migration}); instants are stored as UTC {@code DATETIME(3)}. Every
 * update is guarded by the state it leaves, so its row count says whether this call made the change.
 */
@Mapper
public interface PaymentMapper {

    String COLUMNS = "id, order_id, user_id, amount_cents, status, charge_reference, claimed_until, created_at,"
            + " paid_at, refunded_at";

    /** Inserts a pending payment with its first claim; a second payment of the order fails on the unique key. */
    @Insert("INSERT INTO payment (id, order_id, user_id, amount_cents, status, claim_token, claimed_until, created_at)"
            + " VALUES (#{p.id}, #{p.orderId}, #{p.userId}, #{p.amountCents}, 'PENDING', #{claimToken},"
            + " #{p.claimedUntil}, #{p.createdAt})")
    void insertPending(@Param("p") Payment payment, @Param("claimToken") String claimToken);

    @Select("SELECT " + COLUMNS + " FROM payment WHERE id = #{id}")
    @Results(id = "payment")
    @ConstructorArgs({
            @Arg(column = "id", javaType = String.class, id = true),
            @Arg(column = "order_id", javaType = String.class),
            @Arg(column = "user_id", javaType = String.class),
            @Arg(column = "amount_cents", javaType = long.class),
            @Arg(column = "status", javaType = PaymentStatus.class),
            @Arg(column = "charge_reference", javaType = String.class),
            @Arg(column = "claimed_until", javaType = Instant.class),
            @Arg(column = "created_at", javaType = Instant.class),
            @Arg(column = "paid_at", javaType = Instant.class),
            @Arg(column = "refunded_at", javaType = Instant.class)
    })
    Payment findById(@Param("id") String id);

    @Select("SELECT " + COLUMNS + " FROM payment WHERE order_id = #{orderId}")
    @ResultMap("payment")
    Payment findByOrderId(@Param("orderId") String orderId);

    /** Takes the right to charge a pending payment nobody holds (or whose holder's lease ran out); 0 or 1 rows. */
    @Update("UPDATE payment SET claim_token = #{claimToken}, claimed_until = #{claimedUntil}"
            + " WHERE id = #{id} AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until <= #{now})")
    int claim(@Param("id") String id, @Param("claimToken") String claimToken, @Param("now") Instant now,
              @Param("claimedUntil") Instant claimedUntil);

    /** Gives the claim back if this holder still has it; 0 or 1 rows. */
    @Update("UPDATE payment SET claim_token = NULL, claimed_until = NULL"
            + " WHERE id = #{id} AND status = 'PENDING' AND claim_token = #{claimToken}")
    int release(@Param("id") String id, @Param("claimToken") String claimToken);

    /** PENDING → SUCCEEDED; 0 or 1 rows. */
    @Update("UPDATE payment SET status = 'SUCCEEDED', charge_reference = #{chargeReference}, paid_at = #{paidAt},"
            + " claim_token = NULL, claimed_until = NULL WHERE id = #{id} AND status = 'PENDING'")
    int markSucceeded(@Param("id") String id, @Param("chargeReference") String chargeReference,
                      @Param("paidAt") Instant paidAt);

    /** SUCCEEDED → REFUNDED; 0 or 1 rows. */
    @Update("UPDATE payment SET status = 'REFUNDED', refunded_at = #{refundedAt}"
            + " WHERE id = #{id} AND status = 'SUCCEEDED'")
    int markRefunded(@Param("id") String id, @Param("refundedAt") Instant refundedAt);
}
