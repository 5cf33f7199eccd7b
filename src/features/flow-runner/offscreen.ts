/**
 * For a section of the flow page that usually starts below the first screen: the browser skips its
 * style, layout and paint while it is off screen (`content-visibility: auto`), so a keystroke
 * higher up does not lay out the whole long page. `contain-intrinsic-size: auto …` keeps the last
 * size it was drawn at (a guess until then), so the scroll bar does not jump. Its content stays in
 * the accessibility tree and in find-in-page.
 */
export const OFFSCREEN_SECTION = '[content-visibility:auto] [contain-intrinsic-size:auto_24rem]';
