@file:Suppress("unused", "UNUSED_PARAMETER")

package vn.ishc.app.android

import androidx.savedstate.SavedState

// On Android, NavBackStackEntry.arguments is a Bundle (SavedState is an
// alias of it) and the app calls Bundle.getString. The desktop build of
// navigation this check compiles against has its own SavedState class: this
// extension stands in for that one method. Compile only: never run.
internal fun SavedState.getString(key: String): String? = null
