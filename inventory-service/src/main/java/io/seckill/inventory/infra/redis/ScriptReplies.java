package io.seckill.inventory.infra.redis;

/**
 * Decodes the replies of the stock scripts, which answer with an outcome's name.
 *
 * <p>Names rather than numbers: they read the same in {@code MONITOR} and {@code SLOWLOG}, match the API's problem
 * codes, and cannot silently change meaning when an enum is reordered.
 */
final class ScriptReplies {

    private ScriptReplies() {
    }

    /** The constant of {@code type} named by {@code reply}; any other reply means script and code disagree. */
    static <E extends Enum<E>> E outcome(Class<E> type, String scriptName, Object reply) {
        if (reply instanceof String name) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return constant;
                }
            }
        }
        throw new IllegalStateException(
                scriptName + " replied " + describe(reply) + ", which is not a " + type.getSimpleName());
    }

    private static String describe(Object reply) {
        return reply instanceof String text ? "'" + text + "'" : String.valueOf(reply);
    }
}
