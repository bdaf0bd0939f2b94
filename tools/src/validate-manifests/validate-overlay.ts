import { basename } from 'node:path';
import type { ManifestProblem } from './manifest-problem';
import { RenderError, renderOverlay } from './render-overlay';
import { rulesForOverlay, validateObjects } from './validate-objects';

export interface OverlayReport {
  readonly overlay: string;
  readonly objects: number;
  readonly problems: ManifestProblem[];
}

/** Renders one overlay folder and validates what it renders; a render failure is one problem. */
export function validateOverlay(overlayDir: string): OverlayReport {
  const overlay = basename(overlayDir);
  try {
    const objects = renderOverlay(overlayDir);
    return {
      overlay,
      objects: objects.length,
      problems: validateObjects(overlay, objects, rulesForOverlay(overlay)),
    };
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    return {
      overlay,
      objects: 0,
      problems: [
        {
          source: overlay,
          object: '(kustomization)',
          field: overlayDir,
          problem: `cannot be rendered: ${error.reason}`,
        },
      ],
    };
  }
}
