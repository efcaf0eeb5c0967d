package dev.parley.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayProcessTest {

    @Test
    void heapUsedWhenSerialGcThenSumsTheGenerationsButNotMetaspace() {
        String serial = """
                12345:
                 def new generation   total 9792K, used 1000K [0x00000000e8000000, 0x00000000e8aa0000)
                  eden space 8704K,  11% used [0x00000000e8000000, 0x00000000e80f4240, 0x00000000e8880000)
                 tenured generation   total 21888K, used 20000K [0x00000000f0000000, 0x00000000f1560000)
                 Metaspace       used 60000K, committed 61000K, reserved 1114112K
                  class space    used 7000K, committed 7500K, reserved 1048576K
                """;

        assertThat(GatewayProcess.heapUsed(serial)).isEqualTo(21000L * 1024);
    }

    @Test
    void heapUsedWhenG1ThenReadsTheHeapLine() {
        String g1 = """
                 garbage-first heap   total 262144K, used 12345K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 2 young (2048K), 0 survivors (0K)
                 Metaspace       used 50000K, committed 51000K, reserved 1114112K
                """;

        assertThat(GatewayProcess.heapUsed(g1)).isEqualTo(12345L * 1024);
    }

    @Test
    void heapUsedWhenOutputUnknownThenRefused() {
        assertThatThrownBy(() -> GatewayProcess.heapUsed("ZHeap used 28M")).hasMessageContaining("GC.heap_info");
    }
}
