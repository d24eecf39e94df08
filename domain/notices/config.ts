/**
 * Who issues the notices. Read from the environment only when asked, never at import.
 *
 * Variables:
 * - CENTER_NAME (string, default `县政务服务中心`): the issuing center, printed at the head and
 *   over the seal of every notice.
 * - COMPLAINT_OFFICE_NAME (string, default `投诉处`): the window complaint notices name.
 * - COMPLAINT_OFFICE_LOCATION (string, default unset = not printed): where it is in the hall.
 */
export interface NoticeConfig {
  centerName: string;
  complaintOffice: { name: string; location: string | null };
}

export function readNoticeConfig(env: NodeJS.ProcessEnv = process.env): NoticeConfig {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  return {
    centerName: value('CENTER_NAME') ?? '县政务服务中心',
    complaintOffice: { name: value('COMPLAINT_OFFICE_NAME') ?? '投诉处', location: value('COMPLAINT_OFFICE_LOCATION') ?? null },
  };
}
