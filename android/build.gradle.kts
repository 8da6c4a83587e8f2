// Top-level build file: the plugins every module uses, declared once here
// with their versions (gradle/libs.versions.toml) and applied in the modules.

buildscript {
    repositories {
        google()
    }
    dependencies {
        // Kotlin 2.4 class files and metadata need R8/D8 9.1.29 or newer
        // (developer.android.com/build/kotlin-support); AGP 8.13 bundles an
        // 8.13 R8. Putting a newer R8 on the build classpath is the documented
        // way to override it. Remove this block once AGP bundles >= 9.1.29.
        classpath("com.android.tools:r8:9.1.29")
    }
}

plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.android.library) apply false
    alias(libs.plugins.kotlin.android) apply false
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.compose) apply false
}

// The repository's root (Cargo workspace), one level above android/.
val repoRoot: File = rootDir.parentFile

// `cargo` for the Rust builds (:core generates the bindings from a host
// build, :app cross-compiles for the phones). Gradle started from Android
// Studio often lacks the shell's PATH, so rustup's default location is
// tried before a bare `cargo`; `-Pishc.cargo=/path/to/cargo` (or the same
// line in ~/.gradle/gradle.properties) overrides both.
val cargo: String = providers.gradleProperty("ishc.cargo").orNull
    ?: File(System.getProperty("user.home"), ".cargo/bin/cargo").takeIf { it.canExecute() }?.path
    ?: "cargo"

extra["ishc.repoRoot"] = repoRoot
extra["ishc.cargo"] = cargo
// Where :core's host build of libishc_ffi lands (a release build, so that
// it never replaces the debug one scripts/bindings-gen.sh makes for Maven);
// the JVM tests of :shared load it from here.
extra["ishc.hostLibraryDir"] = File(repoRoot, "target/release")
