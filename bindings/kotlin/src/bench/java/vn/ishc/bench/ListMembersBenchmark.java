package vn.ishc.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import vn.ishc.core.ClubStore;
import vn.ishc.core.MemberRow;

/**
 * One FFI call from the JVM listing a 70-member club with balances: the
 * generated Kotlin {@code listMembers} over JNA, the records lifted into
 * Kotlin objects. The club is the one {@code cargo run --example bench_club}
 * writes (the same file the Rust bench {@code benches/ffi.rs} builds), given
 * as {@code -Dishc.bench.db}. Run by scripts/kotlin-bench.sh; figures in
 * docs/PERFORMANCE.md. Java, not Kotlin, so javac runs JMH's annotation
 * processor without kapt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ListMembersBenchmark {
    private ClubStore store;

    @Setup
    public void open() throws Exception {
        String db = System.getProperty("ishc.bench.db");
        if (db == null) throw new IllegalStateException("set -Dishc.bench.db to the bench club's database");
        // The bench club's key: 32 bytes of 0x42 (club70::KEY in the Rust bench).
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0x42);
        store = ClubStore.Companion.open(db, key, "bench-jvm");
        int n = store.listMembers(null, false).size();
        if (n != 70) throw new IllegalStateException("expected 70 members, found " + n);
    }

    @TearDown
    public void close() {
        store.close();
    }

    @Benchmark
    public List<MemberRow> listMembers70() throws Exception {
        return store.listMembers(null, false);
    }
}
