package io.seckill.mq.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a group's protocol as Kafka does: among the protocols every member supports, the one
 * most members name first in their own preference order. Ties go to the earlier protocol in the
 * first member's list, so the choice is deterministic.
 */
final class ProtocolSelection {

    private ProtocolSelection() {
    }

    /** The protocol names of {@code offered} that every member of {@code members} supports, in offered order. */
    static List<String> common(List<Protocol> offered, Collection<GroupMember> members) {
        List<String> names = new ArrayList<>();
        for (Protocol protocol : offered) {
            if (members.stream().allMatch(m -> m.supports(protocol.name()))) {
                names.add(protocol.name());
            }
        }
        return names;
    }

    /** The chosen protocol, or empty when the members have none in common (or there are none). */
    static Optional<String> select(List<GroupMember> members) {
        if (members.isEmpty()) {
            return Optional.empty();
        }
        List<String> candidates = common(members.getFirst().protocols(), members);
        Map<String, Integer> votes = new HashMap<>();
        for (GroupMember member : members) {
            member.protocols().stream().map(Protocol::name).filter(candidates::contains).findFirst()
                    .ifPresent(name -> votes.merge(name, 1, Integer::sum));
        }
        String best = null;
        for (String candidate : candidates) {
            if (best == null || votes.getOrDefault(candidate, 0) > votes.getOrDefault(best, 0)) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }
}
