package io.seckill.mq.broker;

import io.seckill.mq.broker.metadata.TopicMetadata;
import io.seckill.mq.broker.metadata.TopicRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes partition directories that no registered topic owns: what is left when the broker died
 * after forgetting a deleted topic and before removing its logs. Without this, a topic re-created
 * under the same name would inherit the old data.
 */
final class OrphanLogs {

    private static final Logger log = LoggerFactory.getLogger(OrphanLogs.class);
    private static final Pattern PARTITION_DIR = Pattern.compile("^(.+)-(\\d{1,9})$");

    private OrphanLogs() {
    }

    static void remove(Path dataDir, TopicRegistry registry) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                Matcher matcher = PARTITION_DIR.matcher(dir.getFileName().toString());
                if (!matcher.matches()) {
                    continue;
                }
                Optional<TopicMetadata> topic = registry.topic(matcher.group(1));
                int partition = Integer.parseInt(matcher.group(2));
                if (topic.isEmpty() || partition >= topic.get().partitionCount()) {
                    log.warn("removing orphaned partition directory {}", dir);
                    deleteRecursively(dir);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
