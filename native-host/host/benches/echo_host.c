/* Minimal native-messaging echo host: the baseline of the round-trip
 * benchmark (examples/roundtrip_bench.rs compiles it with cc). Reads a
 * 4-byte native-endian length and the payload, writes them back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    uint32_t len;
    static char buf[1 << 20];
    while (fread(&len, sizeof len, 1, stdin) == 1) {
        if (len > sizeof buf) return 1;
        if (fread(buf, 1, len, stdin) != len) return 1;
        fwrite(&len, sizeof len, 1, stdout);
        fwrite(buf, 1, len, stdout);
        fflush(stdout);
    }
    return 0;
}
