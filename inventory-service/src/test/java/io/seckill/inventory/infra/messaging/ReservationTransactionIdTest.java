package io.seckill.inventory.infra.messaging;

import io.seckill.inventory.domain.StockReservation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationTransactionIdTest {

    @Test
    void formattedIdParsesBackToTheSameActivityAndOrder() {
        ReservationTransactionId id = ReservationTransactionId.of(new StockReservation("act-1", "u1", "01ORDER"));

        assertThat(id.format()).isEqualTo("act-1:01ORDER");
        assertThat(ReservationTransactionId.parse(id.format())).contains(id);
    }

    @Test
    void lastColonSeparatesSoAnActivityIdMayContainOne() {
        assertThat(ReservationTransactionId.parse("tenant:act:01ORDER"))
                .contains(new ReservationTransactionId("tenant:act", "01ORDER"));
    }

    @Test
    void textWithoutBothPartsNamesNoReservation() {
        assertThat(ReservationTransactionId.parse(null)).isEmpty();
        assertThat(ReservationTransactionId.parse("no-separator")).isEmpty();
        assertThat(ReservationTransactionId.parse(":01ORDER")).isEmpty();
        assertThat(ReservationTransactionId.parse("act-1:")).isEmpty();
    }
}
