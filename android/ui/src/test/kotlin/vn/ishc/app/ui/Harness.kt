package vn.ishc.app.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.requiredSize
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.text.TextLayoutResult
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsNodeInteractionsProvider
import androidx.compose.ui.test.isRoot
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.dp
import androidx.compose.ui.use
import java.io.File
import org.jetbrains.skia.EncodedImageFormat
import vn.ishc.app.text.MapStrings
import vn.ishc.app.text.XmlStrings

/** The app's strings as the phone has them (from the same resource files). */
object Res {
    val dir = File(System.getProperty("ishc.res") ?: error("run through Maven: -Dishc.res is not set"))
    val vi: MapStrings by lazy { XmlStrings.load(dir, "vi") }
    val en: MapStrings by lazy { XmlStrings.load(dir, "en") }
    fun of(language: String) = if (language == "vi") vi else en
}

/** A phone the screens must hold on: 360 dp wide (the small screens the clubs use). */
const val PHONE_WIDTH_DP = 360
const val PHONE_HEIGHT_DP = 760

/** A screen in the app's theme, at a phone's size. */
@Composable
fun Phone(language: String = "vi", fontScale: Float = 1f, heightDp: Int = PHONE_HEIGHT_DP, content: @Composable () -> Unit) {
    IshcTheme(Res.of(language), textScale = fontScale) {
        Box(Modifier.requiredSize(PHONE_WIDTH_DP.dp, heightDp.dp)) {
            Surface { content() }
        }
    }
}

/**
 * Renders [content] headless (no display) to a PNG in `screenshots.dir`
 * (`<name>-<language>[-fs2].png`), 360 dp wide at density 2 and tall
 * enough to show the whole scrolling screen; returns the file.
 */
fun screenshot(name: String, language: String, fontScale: Float = 1f, heightDp: Int = 1500, content: @Composable () -> Unit): File {
    val dir = File(System.getProperty("screenshots.dir") ?: "target/screenshots")
    val suffix = if (fontScale == 1f) "" else "-fs" + fontScale.toString().removeSuffix(".0")
    val file = File(dir, "$name-$language$suffix.png")
    val density = 2f
    ImageComposeScene(
        (PHONE_WIDTH_DP * density).toInt(),
        (heightDp * density).toInt(),
        Density(density),
    ) {
        Phone(language, fontScale, heightDp, content)
    }.use { scene ->
        val image = scene.render()
        val data = image.encodeToData(EncodedImageFormat.PNG) ?: error("PNG encoding failed")
        file.parentFile.mkdirs()
        file.writeBytes(data.bytes)
    }
    return file
}

/**
 * What does not hold on a 360 dp screen: nodes reaching past its right
 * edge, nodes cut off on the left or right by their parent, and texts
 * that neither fit nor wrap in their box. Empty when the layout holds.
 * Render the content tall enough that nothing is cut off at the bottom.
 */
@OptIn(ExperimentalTestApi::class)
fun SemanticsNodeInteractionsProvider.layoutProblems(widthDp: Int = PHONE_WIDTH_DP): List<String> {
    val root = onNode(isRoot()).fetchSemanticsNode()
    val limit = with(root.layoutInfo.density) { widthDp.dp.toPx() } + 1f
    val problems = mutableListOf<String>()
    fun visit(n: SemanticsNode) {
        val b = n.boundsInRoot // clipped by every ancestor
        val label = n.config.getOrNull(SemanticsProperties.Text)?.joinToString()
            ?: n.config.getOrNull(SemanticsProperties.EditableText)?.text
            ?: n.config.getOrNull(SemanticsProperties.TestTag)
            ?: "node ${n.id}"
        if (b.right > limit && b.width > 0f) problems += "past the right edge (${b.right} > $limit px): $label"
        if (b.height > 0f && n.size.width > b.width + 1f) problems += "cut off (${n.size.width} px wide, ${b.width} px shown): $label"
        // A text cut off inside its own box: a single line wider than the box
        // (it would not wrap), or more lines than the box is high.
        n.config.getOrNull(SemanticsActions.GetTextLayoutResult)?.action?.let { get ->
            val results = mutableListOf<TextLayoutResult>()
            get(results)
            results.firstOrNull()?.let { r ->
                val p = r.multiParagraph
                val tooWide = r.lineCount == 1 && p.intrinsics.maxIntrinsicWidth > r.size.width + 1f
                val tooTall = p.height > r.size.height + 1f
                if (tooWide || tooTall) problems += "text cut off: $label"
            }
        }
        n.children.forEach(::visit)
    }
    visit(root)
    return problems
}
