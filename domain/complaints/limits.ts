/** 第五条: the office's opinion on an agency complaint is due within 2 working days of acceptance. */
export const OPINION_WORKING_DAYS = 2;
/** 第六条: a reply not given on the spot is promised within 5 working days of acceptance (registration). */
export const REPLY_WORKING_DAYS = 5;
