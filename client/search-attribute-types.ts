import type { SearchAttributeType } from '@temporalio/common';

/**
 * How each search attribute type is named when we register it: on the `temporal server
 * start-dev --search-attribute NAME=TYPE` command line, and as the operator API's
 * `temporal.api.enums.v1.IndexedValueType` number (the SDK does not export its own mapping).
 */
export const SEARCH_ATTRIBUTE_TYPES: Record<SearchAttributeType, { cli: string; indexed: number }> = {
  TEXT: { cli: 'Text', indexed: 1 },
  KEYWORD: { cli: 'Keyword', indexed: 2 },
  INT: { cli: 'Int', indexed: 3 },
  DOUBLE: { cli: 'Double', indexed: 4 },
  BOOL: { cli: 'Bool', indexed: 5 },
  DATETIME: { cli: 'Datetime', indexed: 6 },
  KEYWORD_LIST: { cli: 'KeywordList', indexed: 7 },
};
