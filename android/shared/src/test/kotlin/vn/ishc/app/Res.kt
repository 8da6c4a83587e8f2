package vn.ishc.app

import java.io.File
import vn.ishc.app.text.MapStrings
import vn.ishc.app.text.XmlStrings

/** The app's string resources, as the phone has them (the pom passes their directory). */
object Res {
    val dir: File = File(System.getProperty("ishc.res") ?: error("run through Maven: -Dishc.res is not set"))
    val vi: MapStrings by lazy { XmlStrings.load(dir, "vi") }
    val en: MapStrings by lazy { XmlStrings.load(dir, "en") }
}
