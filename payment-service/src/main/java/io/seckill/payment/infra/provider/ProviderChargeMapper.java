package io.seckill.payment.infra.provider;

import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import java.time.Instant;

/** SQL of the simulated provider's {@code provider_charge} table (see {@code db/migration}). */
@Mapper
public interface ProviderChargeMapper {

    /** Books one charge or refund; a second booking of the same kind and key fails on the primary key. */
    @Insert("INSERT INTO provider_charge (kind, idempotency_key, reference, order_id, amount_cents, booked_at)"
            + " VALUES (#{b.kind}, #{b.idempotencyKey}, #{b.reference}, #{b.orderId}, #{b.amountCents},"
            + " #{b.bookedAt})")
    void insert(@Param("b") ProviderBooking booking);

    @Select("SELECT kind, idempotency_key, reference, order_id, amount_cents, booked_at FROM provider_charge"
            + " WHERE kind = #{kind} AND idempotency_key = #{idempotencyKey}")
    @ConstructorArgs({
            @Arg(column = "kind", javaType = ProviderBooking.Kind.class),
            @Arg(column = "idempotency_key", javaType = String.class),
            @Arg(column = "reference", javaType = String.class),
            @Arg(column = "order_id", javaType = String.class),
            @Arg(column = "amount_cents", javaType = long.class),
            @Arg(column = "booked_at", javaType = Instant.class)
    })
    ProviderBooking find(@Param("kind") ProviderBooking.Kind kind, @Param("idempotencyKey") String idempotencyKey);

    /** How many bookings of {@code kind} the order has. */
    @Select("SELECT COUNT(*) FROM provider_charge WHERE order_id = #{orderId} AND kind = #{kind}")
    long countForOrder(@Param("orderId") String orderId, @Param("kind") ProviderBooking.Kind kind);
}
