package io.seckill.mq.broker.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetIndexTest {
    @TempDir
    Path dir;

    private static OffsetIndex indexWithEntries() {
        OffsetIndex index = new OffsetIndex(1000);
        index.append(1010, 400);
        index.append(1025, 900);
        index.append(1040, 1500);
        return index;
    }

    @Test
    void lookupReturnsPositionOfLastEntryAtOrBeforeOffset() {
        OffsetIndex index = indexWithEntries();

        assertThat(index.positionAtOrBefore(1010)).isEqualTo(400);
        assertThat(index.positionAtOrBefore(1024)).isEqualTo(400);
        assertThat(index.positionAtOrBefore(1025)).isEqualTo(900);
        assertThat(index.positionAtOrBefore(5000)).isEqualTo(1500);
    }

    @Test
    void lookupBeforeFirstEntryStartsAtTheBeginningOfTheSegment() {
        OffsetIndex index = indexWithEntries();

        assertThat(index.positionAtOrBefore(1009)).isZero();
        assertThat(index.positionAtOrBefore(3)).isZero();
        assertThat(new OffsetIndex(0).positionAtOrBefore(77)).isZero();
    }

    @Test
    void positionLookupFindsLastIndexedBatchStartAtOrBeforePosition() {
        OffsetIndex index = indexWithEntries();

        assertThat(index.indexedPositionAtOrBefore(899)).isEqualTo(400);
        assertThat(index.indexedPositionAtOrBefore(900)).isEqualTo(900);
        assertThat(index.indexedPositionAtOrBefore(100)).isZero();
    }

    @Test
    void entriesMustGrowInOffsetAndPosition() {
        OffsetIndex index = indexWithEntries();

        assertThatThrownBy(() -> index.append(1040, 2000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.append(1050, 1500)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        OffsetIndex index = new OffsetIndex(0);
        for (int i = 1; i <= 1000; i++) {
            index.append(i * 10L, i * 100);
        }

        assertThat(index.entryCount()).isEqualTo(1000);
        assertThat(index.positionAtOrBefore(5555)).isEqualTo(55_500);
    }

    @Test
    void truncationDropsEntriesAtOrAfterOffset() {
        OffsetIndex index = indexWithEntries();

        index.truncateFrom(1025);

        assertThat(index.entryCount()).isEqualTo(1);
        assertThat(index.lastOffset()).isEqualTo(1010);
        assertThat(index.positionAtOrBefore(2000)).isEqualTo(400);
        index.append(1020, 700);
        assertThat(index.positionAtOrBefore(2000)).isEqualTo(700);
    }

    @Test
    void fileRoundTripKeepsEveryEntry() throws IOException {
        Path file = dir.resolve("00000000000000001000.index");
        indexWithEntries().writeTo(file);

        OffsetIndex loaded = OffsetIndex.load(file, 1000, 2000).orElseThrow();

        assertThat(Files.size(file)).isEqualTo(3 * OffsetIndex.ENTRY_BYTES);
        assertThat(loaded.entryCount()).isEqualTo(3);
        assertThat(loaded.positionAtOrBefore(1030)).isEqualTo(900);
        assertThat(loaded.lastOffset()).isEqualTo(1040);
        assertThat(loaded.lastPosition()).isEqualTo(1500);
    }

    @Test
    void fileIsRejectedWhenMissingTornNonMonotonicOrPastTheLogEnd() throws IOException {
        Path file = dir.resolve("00000000000000001000.index");
        assertThat(OffsetIndex.load(file, 1000, 2000)).isEmpty();

        Files.write(file, new byte[OffsetIndex.ENTRY_BYTES + 3]);
        assertThat(OffsetIndex.load(file, 1000, 2000)).isEmpty();

        Files.write(file, ByteBuffer.allocate(16).putInt(20).putInt(400).putInt(10).putInt(900).array());
        assertThat(OffsetIndex.load(file, 1000, 2000)).isEmpty();

        indexWithEntries().writeTo(file);
        assertThat(OffsetIndex.load(file, 1000, 1500)).isEmpty();
    }
}
