import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// Plain Kotlin, no Android classes: the state holders (…Model), formatting,
// input handling, drafts and strings. The same sources Maven builds
// (shared/pom.xml); Kotlin in src/main/kotlin and src/test/kotlin.
//
// The tests run against the real core library on this machine: the test
// task builds it (:core:cargoBuildHost) and the provincial server the sync
// and enrolment tests start on loopback (cargoBuildServer), points JNA at
// the library, and passes the server's path as -Dishc.server and the app's
// string resources as -Dishc.res. The Linux Maven run
// (scripts/android-tests.sh) remains the canonical place they run.

plugins {
    alias(libs.plugins.kotlin.jvm)
}

java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
}

dependencies {
    // Its public API takes and returns the core's types (ClubStore, LoanInfo…).
    api(project(":core"))
    api(libs.kotlinx.coroutines.core)

    testImplementation(platform(libs.junit.bom))
    testImplementation(libs.junit.jupiter)
    testRuntimeOnly(libs.junit.platform.launcher)
    // JNA's jar for the JVM (the app ships the aar instead).
    testRuntimeOnly(libs.jna)
}

val repoRoot = rootProject.extra["ishc.repoRoot"] as File
val cargo = rootProject.extra["ishc.cargo"] as String
val libraryDir = rootProject.extra["ishc.hostLibraryDir"] as File

/** The host build of ishc-server, next to the library (target/release). */
val serverBinary = File(
    libraryDir,
    if (System.getProperty("os.name").lowercase().contains("windows")) "ishc-server.exe" else "ishc-server",
)

// Builds the provincial server for this machine, as scripts/bindings-gen.sh
// does for Maven (there a debug build). Always runs: cargo does nothing
// when nothing changed.
val cargoBuildServer by tasks.registering(Exec::class) {
    group = "build"
    description = "Builds ishc-server for this machine (cargo build --release -p ishc-server), for the tests."
    workingDir = repoRoot
    commandLine(cargo, "build", "--locked", "--release", "-p", "ishc-server", "--bin", "ishc-server")
    outputs.file(serverBinary)
    outputs.upToDateWhen { false }
}

tasks.test {
    useJUnitPlatform()
    dependsOn(":core:cargoBuildHost", cargoBuildServer)
    systemProperty("jna.library.path", libraryDir.path)
    systemProperty("ishc.server", serverBinary.path)
    systemProperty("ishc.res", rootProject.file("ui/src/main/res").path)
    systemProperty("file.encoding", "UTF-8")
}
