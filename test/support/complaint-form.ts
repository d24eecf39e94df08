/** What the public complaint form (网上投诉) submits for a typical complaint, less its submission key. */
export const ONLINE_COMPLAINT = {
  complainant: { name: '王五', phone: '13812345678', address: '城关镇建设路12号' },
  ground: 'poor-service.not-told-at-once',
  isMajor: false,
  targetWindow: '县公安局（户政）',
  targetStaff: '',
  relatedCaseNumber: '',
  complaintContent: '办理身份证换领时窗口先后三次要求补交不同材料，往返多次。',
};
