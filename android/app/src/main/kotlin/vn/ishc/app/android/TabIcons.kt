package vn.ishc.app.android

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.PathFillType
import androidx.compose.ui.graphics.SolidColor
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.graphics.vector.PathParser
import androidx.compose.ui.unit.dp

/**
 * The tab bar's icons, simple filled shapes on a 24 × 24 grid (drawn here
 * rather than taken from a Material icons library the app does not
 * otherwise need). Tinted by the tab bar.
 */
object TabIcons {
    private fun icon(name: String, vararg paths: String): ImageVector {
        val b = ImageVector.Builder(name, 24.dp, 24.dp, 24f, 24f)
        for (d in paths) {
            b.addPath(PathParser().parsePathString(d).toNodes(), fill = SolidColor(Color.Black), pathFillType = PathFillType.EvenOdd)
        }
        return b.build()
    }

    /** A house. */
    val Home = icon("home", "M12,3 L2,12 H5 V21 H10 V15 H14 V21 H19 V12 H22 Z")

    /** Two people. */
    val Members = icon(
        "members",
        "M9,4 A3.5,3.5 0 1,1 8.99,4 Z",
        "M17,5 A3,3 0 1,1 16.99,5 Z",
        "M2,20 C2,16 5,14 9,14 C13,14 16,16 16,20 Z",
        "M17,13 C20,13 22,15 22,19 H17.5 C17.5,16.5 16.8,14.6 15.5,13.3 C16,13.1 16.5,13 17,13 Z",
    )

    /** A banknote. */
    val Loans = icon("loans", "M2,6 H22 V18 H2 Z M12,9 A3,3 0 1,0 12,15 A3,3 0 1,0 12,9 Z")

    /** Two arrows in a circle. */
    val Sync = icon(
        "sync",
        "M12,4 V1 L8,5 L12,9 V6 A6,6 0 0,1 18,12 H20 A8,8 0 0,0 12,4 Z",
        "M12,18 A6,6 0 0,1 6,12 H4 A8,8 0 0,0 12,20 V23 L16,19 L12,15 Z",
    )

    /** A cog. */
    val Settings = icon(
        "settings",
        "M12,5 A7,7 0 1,1 11.99,5 Z M12,9 A3,3 0 1,0 12.01,9 Z",
        "M11,1 H13 V5 H11 Z",
        "M11,19 H13 V23 H11 Z",
        "M1,11 H5 V13 H1 Z",
        "M19,11 H23 V13 H19 Z",
    )
}
