/**
 * How one frame of the live view is drawn. Its own file because the frame renderer and each section it
 * draws (the leaders panel among them) need it, and the renderer imports those sections.
 */
export interface RenderOptions {
  /** Epoch ms the frame is drawn at (uptime, age of the last answer). */
  now: number;
  /** Terminal columns; long lines are cut to it. */
  width: number;
  color: boolean;
}
