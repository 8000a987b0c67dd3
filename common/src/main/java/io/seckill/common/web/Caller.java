package io.seckill.common.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who the gateway says is calling: the user id (absent for anonymous calls of public paths) and the roles.
 *
 * @param userId the authenticated user, if any
 * @param roles  upper-case role names, e.g. {@code ADMIN}
 */
public record Caller(Optional<String> userId, Set<String> roles) {

    /** The role that admin paths ({@code /api/admin/**}) require. */
    public static final String ADMIN = "ADMIN";

    public Caller {
        userId = userId.filter(id -> !id.isBlank());
        roles = Set.copyOf(roles);
    }

    /** The caller described by the gateway's {@link SeckillHeaders#USER_ID} and {@link SeckillHeaders#USER_ROLES}. */
    public static Caller fromHeaders(String userIdHeader, String rolesHeader) {
        Set<String> roles = rolesHeader == null ? Set.of() : Arrays.stream(rolesHeader.split(","))
                .map(String::strip)
                .filter(role -> !role.isEmpty())
                .map(role -> role.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new Caller(Optional.ofNullable(userIdHeader).map(String::strip), roles);
    }

    /** Whether the caller holds {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
