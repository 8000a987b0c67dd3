package io.seckill.loadtest;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the report: the summary as JSON next to a self-contained HTML page that embeds the same JSON and draws its
 * charts in the browser (inline script and SVG, nothing fetched), so it opens offline and can be mailed around.
 */
public final class ReportWriter {

    static final String TEMPLATE = "report.html";
    static final String PLACEHOLDER = "__SUMMARY_JSON__";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    /** Where the two files went. */
    public record Written(Path html, Path json) {
    }

    public static Written write(RunSummary summary, Path html) {
        Path json = jsonPathOf(html);
        String text = toJson(summary);
        try {
            Path parent = html.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(json, text);
            Files.writeString(html, toHtml(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + html, e);
        }
        return new Written(html, json);
    }

    public static String toJson(RunSummary summary) {
        return JSON.writeValueAsString(summary);
    }

    /** The page with the JSON embedded; every {@code <} is escaped so no value can close the script element. */
    static String toHtml(String json) {
        String embedded = json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return template().replace(PLACEHOLDER, embedded);
    }

    /** {@code report.html} → {@code report.json}; any other name gets {@code .json} appended. */
    static Path jsonPathOf(Path html) {
        String name = html.getFileName().toString();
        String base = name.endsWith(".html") ? name.substring(0, name.length() - 5)
                : name.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
        return html.resolveSibling(base + ".json");
    }

    private static String template() {
        try (InputStream in = ReportWriter.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("report template missing from the jar: " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
