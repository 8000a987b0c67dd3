package io.seckill.inventory.infra.mysql;

import io.seckill.inventory.domain.Activity;
import io.seckill.inventory.domain.ActivityRepository;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ActivityRepository} over the MyBatis {@link ActivityMapper}. Thread-safe (the mapper proxy is). */
public final class MyBatisActivityRepository implements ActivityRepository {

    private final ActivityMapper mapper;

    public MyBatisActivityRepository(ActivityMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public void insert(Activity activity) {
        mapper.insert(activity);
    }

    @Override
    public Optional<Activity> findById(String id) {
        return Optional.ofNullable(mapper.findById(id));
    }

    @Override
    public List<Activity> findUpcoming(Instant now, Instant startsBefore) {
        return mapper.findUpcoming(now, startsBefore);
    }
}
