package vn.ishc.app

// What AGP generates for the app (namespace vn.ishc.app) from
// app/build.gradle.kts: its buildConfigField lines. Compile only.
object BuildConfig {
    const val DEBUG = true
    const val DEFAULT_SERVER_URL = "http://10.0.2.2:8080"
}
