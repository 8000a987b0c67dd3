package io.seckill.mq.broker.cli;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** For any cells: every column starts at the same position on every line, so tables read (and awk) cleanly. */
class TableProperties {

    @Property
    void everyColumnStartsAtTheSamePositionOnEveryLine(
            @ForAll @Size(min = 1, max = 8) List<@Size(value = 3) List<@AlphaChars @StringLength(min = 1, max = 12) String>> rows,
            @ForAll @IntRange(min = 1, max = 12) int headerWidth) {
        Table table = new Table("A".repeat(headerWidth), "B", "C");
        rows.forEach(row -> table.row(row.toArray()));
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(rows.size() + 1);
        int secondColumn = lines.getFirst().indexOf('B');
        int thirdColumn = lines.getFirst().indexOf('C');
        for (int i = 0; i < rows.size(); i++) {
            String line = lines.get(i + 1);
            List<String> cells = rows.get(i);
            assertThat(line).startsWith(cells.get(0));
            assertThat(line.substring(secondColumn)).startsWith(cells.get(1) + " ");
            assertThat(line.substring(thirdColumn)).isEqualTo(cells.get(2));
        }
    }
}
