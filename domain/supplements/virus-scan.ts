/**
 * The virus-scan hook for uploaded supplement files. The app calls the scanner it was given for
 * every file before anything is stored; a file the scanner flags is refused with the whole
 * submission. Without a scanner the default records each file as not scanned (未扫描), so staff
 * know to treat it with care, rather than pretending it was checked.
 *
 * A real scanner (e.g. a clamd client speaking INSTREAM) implements VirusScanner and is handed
 * to createWebApp as `virusScanner`.
 */

export type ScanStatus = 'unscanned' | 'clean';

export const SCAN_STATUS_LABELS: Record<ScanStatus, string> = { unscanned: '未扫描', clean: '未发现病毒' };

export type ScanResult = { status: ScanStatus; scanner: string | null } | { status: 'infected'; scanner: string; threat: string };

export interface ScannedFile {
  name: string;
  contentType: string;
  content: Uint8Array;
}

export interface VirusScanner {
  scan(file: ScannedFile): Promise<ScanResult>;
}

/** No scanner configured: every file is kept as not scanned. */
export const unscanned: VirusScanner = {
  scan: () => Promise.resolve({ status: 'unscanned', scanner: null }),
};
