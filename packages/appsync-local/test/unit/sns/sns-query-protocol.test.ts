/**
 * The awsQuery pieces on their own: flattened lists and maps read back in index order (not
 * string order), absent told from empty, repeated names, and XML text that stays well-formed
 * whatever a message holds.
 */
import { describe, expect, it } from 'vitest';
import { SnsError } from '../../../src/sns/sns-errors.js';
import { escapeXml, listItems, mapEntries, parseQueryParameters, queryErrorResponse, queryResponse } from '../../../src/sns/sns-query-protocol.js';

describe('reading parameters', () => {
  it('reads list members in numeric order, telling an empty list from an absent one', () => {
    const parameters = parseQueryParameters('E.member.10.Id=ten&E.member.2.Id=two&E.member.1.Id=one&Empty=');
    expect(listItems(parameters, 'E')).toEqual(['E.member.1', 'E.member.2', 'E.member.10']);
    expect(listItems(parameters, 'Empty')).toEqual([]);
    expect(listItems(parameters, 'Absent')).toBeUndefined();
  });

  it('reads map entries as key and value prefix, skipping an entry without a name', () => {
    const parameters = parseQueryParameters('A.entry.2.Name=b&A.entry.2.Value.DataType=Number&A.entry.1.Name=a%20b&A.entry.3.Value.DataType=String');
    expect(mapEntries(parameters, 'A')).toEqual([
      { key: 'a b', valuePrefix: 'A.entry.1.Value' },
      { key: 'b', valuePrefix: 'A.entry.2.Value' },
    ]);
  });

  it('keeps the first value of a name sent twice, the query string before the body', () => {
    expect(parseQueryParameters('Action=Publish', 'Action=Other&Message=a+b%26c').get('Action')).toBe('Publish');
    expect(parseQueryParameters('Message=a+b%26c').get('Message')).toBe('a b&c');
  });
});

describe('writing XML', () => {
  it('escapes markup and replaces characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001\r`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\uFFFD&#13;');
  });

  it('wraps a result and an error as SNS does', () => {
    expect(queryResponse('Publish', '<MessageId>m</MessageId>', 'r-1')).toBe(
      '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
    );
    expect(queryErrorResponse(new SnsError('NotFound', 'Topic does not exist', 404), 'r-2')).toBe(
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
    );
  });
});
