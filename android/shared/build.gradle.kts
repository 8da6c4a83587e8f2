import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// Plain Kotlin, no Android classes: the state holders (…Model), formatting,
// input handling, drafts and strings. The same sources Maven builds
// (shared/pom.xml); Kotlin in src/main/kotlin and src/test/kotlin.
//
// The tests run against the real core library on this machine: the test
// task builds it (:core:cargoBuildHost), points JNA at it and passes the
// app's string resources as -Dishc.res. The Linux Maven run
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

tasks.test {
    useJUnitPlatform()
    dependsOn(":core:cargoBuildHost")
    val libraryDir = rootProject.extra["ishc.hostLibraryDir"] as File
    systemProperty("jna.library.path", libraryDir.path)
    systemProperty("ishc.res", rootProject.file("ui/src/main/res").path)
    systemProperty("file.encoding", "UTF-8")
}
