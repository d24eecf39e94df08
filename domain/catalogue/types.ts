/**
 * A service item (事项) as published under the five disclosures (五公开). The seed catalogue is a
 * data file validated against catalogue.schema.json; the store keeps the published items.
 */

/** 即办件 immediate, 承诺件 promised, 联办件 joint, 上报件 reported, 控制事项 controlled */
export type CaseType = 'immediate' | 'promised' | 'joint' | 'reported' | 'controlled';

export interface Material {
  /** stable code within the item, e.g. "id-card" */
  code: string;
  name: string;
  required: boolean;
  /** 原件 / 复印件 and how many */
  form?: string;
  /** 示范文本: sample text or a description of a correct sample */
  sample?: string;
  /** for joint items: the department that needs this material */
  departmentCode?: string;
}

export interface Fee {
  code: string;
  name: string;
  /** amount in fen (分) to avoid floating point; 0 = free */
  amountFen: number;
  unit?: string;
  /** 收费依据: the document that authorises the fee */
  basis: string;
}

export interface CatalogueItem {
  /** item code, e.g. "MZ-001" */
  code: string;
  name: string;
  /** implementing body 实施主体 (department code) */
  departmentCode: string;
  caseType: CaseType;
  /** 设定依据 */
  legalBasis: string;
  /** 审批条件 */
  conditions: string[];
  materials: Material[];
  /** 办理流程 in words */
  procedure: string;
  /** 法定时限, working days */
  statutoryDays: number;
  /** 承诺时限, working days (0 for immediate items) */
  promisedDays: number;
  fees: Fee[];
  /** 办理结果 */
  result: string;
  /** joint items: every department that reviews; the lead is departmentCode */
  jointDepartmentCodes?: string[];
  /** joint items: a site inspection (现场踏勘) is part of the procedure */
  siteInspection?: boolean;
  /**
   * 网上申报: the applicant may apply on the public site (/apply) instead of at the window. Left
   * out means no: items whose procedure needs the applicant in person (signatures taken at the
   * window, photos, marriage vows) and the items handled on the spot (即办件) stay at the window.
   */
  onlineApplication?: boolean;
  /** 咨询电话, window location */
  window: string;
  phone?: string;
}

export interface Department {
  code: string;
  name: string;
  /** window number and floor in the hall, so first-inquiry answers can name the place */
  location: string;
}

export interface Catalogue {
  version: string;
  /** YYYY-MM-DD the center published this version */
  publishedOn?: string;
  departments: Department[];
  items: CatalogueItem[];
}
