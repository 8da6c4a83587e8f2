package androidx.compose.foundation.layout

import androidx.compose.runtime.Composable

// Android-only in Compose (foundation-layout's androidMain): whether the
// keyboard is showing. Compile only.
@ExperimentalLayoutApi
val WindowInsets.Companion.isImeVisible: Boolean
    @Composable get() = false
