package io.seckill.compat.db;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** An annotation-based MyBatis mapper, as services write them, for the business writes of the consumer tests. */
public interface StockMapper {

    @Update("UPDATE stock SET reserved = reserved + #{quantity} WHERE sku = #{sku}")
    int reserve(@Param("sku") String sku, @Param("quantity") int quantity);

    @Select("SELECT COUNT(*) FROM consumed_message WHERE consumer_group = #{group} AND message_id = #{messageId}")
    int markers(@Param("group") String consumerGroup, @Param("messageId") String messageId);
}
