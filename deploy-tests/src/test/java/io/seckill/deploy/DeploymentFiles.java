package io.seckill.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the shared deployment scripts say: which user the MySQL init grants on which schema, which topics are created. */
final class DeploymentFiles {

    static final String MYSQL_INIT = "deploy/mysql/10-seckill-schemas.sh";
    static final String MYSQL_INIT_K8S = "k8s/base/mysql/10-seckill-schemas.sh";
    static final String TOPICS = "deploy/mq/create-topics.sh";
    static final String TOPICS_K8S = "k8s/base/topics/create-topics.sh";

    private static final Pattern GRANT = Pattern.compile("GRANT ([A-Z, ]+) ON (\\w+)\\.\\* TO '(\\w+)'@'%'");
    private static final Pattern TOPIC_LOOP = Pattern.compile("for topic in ([^;]+);");

    /** One GRANT of the MySQL init. */
    record Grant(String user, String schema, List<String> privileges) {
    }

    private DeploymentFiles() {
    }

    /** The init's grants by user. */
    static Map<String, Grant> mysqlGrants() {
        Map<String, Grant> grants = new LinkedHashMap<>();
        Matcher matcher = GRANT.matcher(Repo.read(MYSQL_INIT));
        while (matcher.find()) {
            grants.put(matcher.group(3), new Grant(matcher.group(3), matcher.group(2),
                    List.of(matcher.group(1).trim().split("\\s*,\\s*"))));
        }
        return grants;
    }

    static List<String> createdTopics() {
        Matcher matcher = TOPIC_LOOP.matcher(Repo.read(TOPICS));
        if (!matcher.find()) {
            throw new AssertionError(TOPICS + " has no `for topic in ...;` loop");
        }
        return List.of(matcher.group(1).trim().split("\\s+"));
    }
}
