package io.seckill.mq.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The cluster id of a data directory: generated once, stored in {@code meta.properties}, stable across restarts. */
public record ClusterIdentity(String clusterId) {

    public static ClusterIdentity loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve("meta.properties");
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            String id = properties.getProperty("cluster.id");
            if (id != null && !id.isBlank()) {
                return new ClusterIdentity(id);
            }
        }
        String id = Uuid.randomUuid().toString();
        properties.setProperty("cluster.id", id);
        StringWriter out = new StringWriter();
        properties.store(out, "mq-broker data directory identity");
        DurableFiles.replace(file, out.toString().getBytes(StandardCharsets.UTF_8));
        return new ClusterIdentity(id);
    }
}
