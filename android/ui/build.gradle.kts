import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// The Compose screens (state and callbacks in, no Android classes) and the
// app's string resources. The same Kotlin Maven compiles against Compose for
// desktop (ui/pom.xml), so screens use only APIs Compose Multiplatform also
// has; Kotlin in src/main/kotlin, resources in src/main/res.

plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "vn.ishc.app.ui"
    compileSdk = 36

    defaultConfig {
        minSdk = 24
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
    }

    // src/test holds the desktop checks (Compose for desktop, JUnit 5, run by
    // Maven through ui/pom.xml and scripts/android-tests.sh): they are not
    // Android unit tests, and Gradle must not compile them.
    sourceSets {
        getByName("test") {
            java.setSrcDirs(emptyList<String>())
            kotlin.setSrcDirs(emptyList<String>())
            res.setSrcDirs(emptyList<String>())
        }
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_17)
    }
}

dependencies {
    // Screens take the state holders' states and the core's enums.
    api(project(":shared"))

    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.foundation)
    implementation(libs.androidx.compose.material3)
}
