import org.jetbrains.kotlin.gradle.dsl.JvmTarget
import java.util.Properties

// The Android application: Activity, navigation, ViewModels, WorkManager
// sync, and resources turned into the shared code's Strings. Everything
// else is in :ui (screens), :shared (state holders) and :core (bindings).

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

/** The ABIs the phones' library is built for (cargo-ndk) and packaged for. */
val abis = listOf("arm64-v8a", "armeabi-v7a", "x86_64")

android {
    namespace = "vn.ishc.app"
    compileSdk = 36
    // NDK r28c: 16 KB page alignment by default. AGP uses it to strip the
    // .so files; cargoNdk below uses the same one when it is installed.
    ndkVersion = "28.2.13676358"

    defaultConfig {
        applicationId = "vn.ishc.app"
        minSdk = 24
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"

        // The enrolment screen's prefilled server address: none in a release
        // (the provincial officer gives it with the code).
        buildConfigField("String", "DEFAULT_SERVER_URL", "\"\"")

        ndk {
            // JNA's aar carries libjnidispatch.so for more ABIs than we build
            // libishc_ffi.so for; package only the ones that have both.
            abiFilters += abis
        }
    }

    buildTypes {
        debug {
            // The emulator's name for a development server on this computer
            // (ishc-server serve --listen 127.0.0.1:8080); a USB phone uses
            // http://localhost:8080 after `adb reverse tcp:8080 tcp:8080`.
            buildConfigField("String", "DEFAULT_SERVER_URL", "\"http://10.0.2.2:8080\"")
        }
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(
                getDefaultProguardFile("proguard-android-optimize.txt"),
                "proguard-rules.pro",
            )
            // No signing config here: sign the release with your own key
            // (Android Studio: Build > Generate Signed App Bundle / APK).
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
        // java.time (used by the shared code) on API 24 and 25.
        isCoreLibraryDesugaringEnabled = true
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
}

dependencies {
    implementation(project(":ui"))
    implementation(project(":shared"))
    implementation(project(":core"))

    // JNA with its native part for Android (libjnidispatch.so per ABI): the
    // aar, where :core compiles against the jar.
    implementation("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")

    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.foundation)
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.compose.ui.tooling.preview)
    debugImplementation(libs.androidx.compose.ui.tooling)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.navigation.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.work.runtime.ktx)
    implementation(libs.kotlinx.coroutines.android)

    coreLibraryDesugaring(libs.desugar.jdk.libs)
}

// --- The phones' native library --------------------------------------------
//
// cargo-ndk cross-compiles ishc-ffi (profile `mobile`: size-optimised, LTO,
// stripped) for each ABI into src/main/jniLibs/<abi>/libishc_ffi.so (ignored
// by git), before AGP merges the jniLibs folders. Needs the Rust targets and
// cargo-ndk (README.md, "Building the APK"). -Pishc.skipCargoNdk=true uses
// whatever is already in src/main/jniLibs.

val repoRoot = rootProject.extra["ishc.repoRoot"] as File
val cargo = rootProject.extra["ishc.cargo"] as String
val jniLibsDir: File = file("src/main/jniLibs")
val skipCargoNdk = providers.gradleProperty("ishc.skipCargoNdk").map { it.toBoolean() }.orElse(false)

/**
 * The NDK for cargo-ndk: ANDROID_NDK_HOME if set, else the pinned
 * [android.ndkVersion] under the SDK (local.properties' sdk.dir, which
 * Android Studio writes, or ANDROID_HOME). `null` leaves cargo-ndk to find
 * one itself.
 */
fun ndkHome(): String? {
    System.getenv("ANDROID_NDK_HOME")?.let { return it }
    val local = Properties()
    rootProject.file("local.properties").takeIf { it.isFile }?.reader()?.use { local.load(it) }
    val sdk = local.getProperty("sdk.dir") ?: System.getenv("ANDROID_HOME") ?: System.getenv("ANDROID_SDK_ROOT")
        ?: return null
    return File(sdk, "ndk/${android.ndkVersion}").takeIf { it.isDirectory }?.path
}

val cargoNdk by tasks.registering(Exec::class) {
    group = "build"
    description = "Cross-compiles libishc_ffi.so for ${abis.joinToString()} into src/main/jniLibs (cargo ndk)."
    onlyIf("ishc.skipCargoNdk is not set") { !skipCargoNdk.get() }
    workingDir = repoRoot
    val targets = abis.flatMap { listOf("-t", it) }
    commandLine(
        listOf(cargo, "ndk") + targets +
            listOf("-o", jniLibsDir.path, "build", "--locked", "-p", "ishc-ffi", "--profile", "mobile"),
    )
    ndkHome()?.let { environment("ANDROID_NDK_HOME", it) }
    outputs.dir(jniLibsDir)
    // cargo decides what to rebuild; a no-op build takes a second or two.
    outputs.upToDateWhen { false }
}

tasks.configureEach {
    if (name.startsWith("merge") && name.endsWith("JniLibFolders")) {
        dependsOn(cargoNdk)
    }
}
