package io.seckill.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable record of activities (MySQL). Implementations are thread-safe. */
public interface ActivityRepository {

    /** Stores a new activity; its id is unique. */
    void insert(Activity activity);

    /** The activity with this id, if any. */
    Optional<Activity> findById(String id);

    /** Activities that start before {@code startsBefore} and have not ended at {@code now}, earliest first. */
    List<Activity> findUpcoming(Instant now, Instant startsBefore);
}
