package io.seckill.mq.broker.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    private static String render(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void columnsAreLeftAlignedToTheirWidestCellAndSeparatedByTwoSpaces() {
        Table table = new Table("TOPIC", "PARTITIONS", "TOPIC-ID")
                .row("orders", 12, "a")
                .row("payment-events", 3, "bb");

        assertThat(render(table)).isEqualTo("""
                TOPIC           PARTITIONS  TOPIC-ID
                orders          12          a
                payment-events  3           bb
                """);
    }

    @Test
    void missingCellsPrintAsADashAndNoLineEndsInBlanks() {
        Table table = new Table("PARTITION", "LAG", "CLIENT-ID").row(0, null, null).row(1, 5, "");

        assertThat(render(table)).isEqualTo("""
                PARTITION  LAG  CLIENT-ID
                0          -    -
                1          5
                """);
    }

    @Test
    void anEmptyTableStillPrintsItsHeader() {
        assertThat(render(new Table("GROUP", "STATE"))).isEqualTo("GROUP  STATE\n");
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
