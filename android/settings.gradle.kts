// The Android app's Gradle build (Android Studio, or ./gradlew on a machine
// with the Android SDK and NDK). The Linux checks build :core, :shared and
// :ui with Maven instead (pom.xml beside this file); see README.md.
pluginManagement {
    repositories {
        google {
            content {
                includeGroupByRegex("com\\.android.*")
                includeGroupByRegex("com\\.google.*")
                includeGroupByRegex("androidx.*")
            }
        }
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "ishc-android"

include(":core")   // Kotlin bindings generated from libishc_ffi at build time
include(":shared") // state holders, formatting, strings: plain Kotlin
include(":ui")     // Compose screens and the string resources
include(":app")    // the Android application
