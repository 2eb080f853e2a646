import { describe, expect, it } from 'vitest';
import { render, renderError, Open311Error } from './format.ts';

describe('GeoReport v2 formats', () => {
  it('writes lists with the specification’s element names and escapes text', () => {
    const { body, contentType } = render('xml', 'services', [{ service_code: 'VEN-01', keywords: '摊贩, 占道', metadata: true, group: 'A & B' }]);
    expect(contentType).toContain('text/xml');
    expect(body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>VEN-01</service_code><keywords>摊贩, 占道</keywords><metadata>true</metadata><group>A &amp; B</group></service></services>',
    );
    expect(render('xml', 'service_definition', { service_code: 'X', attributes: [{ code: 'a', values: [{ key: 'k', name: 'n' }] }] }).body).toContain(
      '<attributes><attribute><code>a</code><values><value><key>k</key><name>n</name></value></values></attribute></attributes>',
    );
    expect(render('xml', 'service_requests', [{ media_url: null }]).body).toContain('<request><media_url/></request>');
  });

  it('writes errors as a list of code and description', () => {
    const e = new Open311Error(403, 'api_key 无效');
    expect(JSON.parse(renderError('json', e).body)).toEqual([{ code: 403, description: 'api_key 无效' }]);
    expect(renderError('xml', e).body).toContain('<errors><error><code>403</code><description>api_key 无效</description></error></errors>');
  });
});

describe('control characters in stored text (#14)', () => {
  it('never make an XML document ill-formed', () => {
    const { body } = render('xml', 'service_requests', [{ address: '春熙路\u0001号\u0000<b>' }]);
    expect(body).toBe('<?xml version="1.0" encoding="utf-8"?><service_requests><request><address>春熙路号&lt;b&gt;</address></request></service_requests>');
  });
});
