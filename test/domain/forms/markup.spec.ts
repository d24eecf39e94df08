import { expect } from 'chai';
import { unsafeMarkup } from '../../../domain/forms/markup.js';

describe('domain/forms markup of text components', () => {
  it('should let markdown, templates and plain formatting tags through', () => {
    for (const text of [
      '## 受理决定\n\n事项：{{itemCode}}\n\n- 一\n- 二\n\n**一次性**告知',
      '<p>见 <a href="https://www.gov.cn/zhengce" title="政策">政策</a> 与 <a href="/guide">办事指南</a></p><br/><table><tr><td colspan="2">x</td></tr></table>',
      '[办事指南](/guide)、[电话](tel:0874-3100116)、[邮件](mailto:zwzx@example.gov.cn) 和 ![示意](https://example.gov.cn/a.png)',
      '金额 < 100 元 且 3<4',
    ]) {
      expect(unsafeMarkup(text), text).to.equal(undefined);
    }
  });

  it('should refuse scripts, frames, event handlers, styles and links that run code, however they are spelt', () => {
    const refused: Array<[string, string]> = [
      ['<script>alert(1)</script>', '不允许 <script> 标签'],
      ['<SCRIPT src=//x.example/a.js></SCRIPT>', '不允许 <script> 标签'],
      ['<iframe src="https://x.example"></iframe>', '不允许 <iframe> 标签'],
      ['<img src=x onerror=alert(1)>', '不允许 <img> 标签'],
      ['<svg/onload=alert(1)>', '不允许 <svg> 标签'],
      ['<p onclick="alert(1)">点我</p>', '不允许 <p> 的 onclick 属性'],
      ['<a/onmouseover=alert(1)>x</a>', '不允许 <a> 的 onmouseover 属性'],
      ['<div style="background:url(javascript:alert(1))">x</div>', '不允许 <div> 的 style 属性'],
      ['<a href="javascript:alert(1)">x</a>', '不允许的链接地址：javascript:alert(1)'],
      ['<a href="java&#x09;script&colon;alert(1)">x</a>', '不允许的链接地址：java&#x09;script&colon;alert(1)'],
      ['<a href=" JavaScript:alert(1)">x</a>', '不允许的链接地址： JavaScript:alert(1)'],
      ['[点我](javascript:alert(1))', '不允许的链接地址：javascript:alert(1'],
      ['[点我](&#106;avascript:alert(1))', '不允许的链接地址：&#106;avascript:alert(1'],
      ['![x](data:text/html;base64,PHNjcmlwdD4=)', '不允许的链接地址：data:text/html;base64,PHNjcmlwdD4='],
      ['[x][1]\n\n[1]: vbscript:msgbox(1)', '不允许的链接地址：vbscript:msgbox(1)'],
      ['<javascript:alert(1)>', '不允许 <javascript:alert> 标签'],
      ['<!-- --><p>x</p>', '不允许 HTML 注释、声明或处理指令'],
      ['文字<scr<script>ipt>alert(1)</script>', '不允许 <scr> 标签'],
    ];
    for (const [text, why] of refused) expect(unsafeMarkup(text), text).to.equal(why);
  });
});
