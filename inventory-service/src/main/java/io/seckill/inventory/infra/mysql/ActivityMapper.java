package io.seckill.inventory.infra.mysql;

import io.seckill.inventory.domain.Activity;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;

import java.time.Instant;
import java.util.List;

/** SQL of the {@code activity} table (see {@code db/migration}); instants are stored as UTC {@code DATETIME(3)}. */
@Mapper
public interface ActivityMapper {

    String COLUMNS = "id, title, sku_id, price_cents, stock, remaining, starts_at, ends_at, per_user_limit, created_at";

    @Insert("INSERT INTO activity (" + COLUMNS + ") VALUES (#{id}, #{title}, #{skuId}, #{priceCents}, #{stock},"
            + " #{remaining}, #{startsAt}, #{endsAt}, #{perUserLimit}, #{createdAt})")
    void insert(Activity activity);

    @Select("SELECT " + COLUMNS + " FROM activity WHERE id = #{id}")
    @Results(id = "activity")
    @ConstructorArgs({
            @Arg(column = "id", javaType = String.class, id = true),
            @Arg(column = "title", javaType = String.class),
            @Arg(column = "sku_id", javaType = String.class),
            @Arg(column = "price_cents", javaType = long.class),
            @Arg(column = "stock", javaType = long.class),
            @Arg(column = "remaining", javaType = long.class),
            @Arg(column = "starts_at", javaType = Instant.class),
            @Arg(column = "ends_at", javaType = Instant.class),
            @Arg(column = "per_user_limit", javaType = int.class),
            @Arg(column = "created_at", javaType = Instant.class)
    })
    Activity findById(@Param("id") String id);

    @Select("SELECT " + COLUMNS + " FROM activity WHERE starts_at < #{startsBefore} AND ends_at > #{now}"
            + " ORDER BY starts_at")
    @ResultMap("activity")
    List<Activity> findUpcoming(@Param("now") Instant now, @Param("startsBefore") Instant startsBefore);
}
