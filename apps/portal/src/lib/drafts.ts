/** A draft's consultation workflow is named after the draft (`<draft id>:consultation`). */
export const draftOfTask = (workflowId: string) => workflowId.replace(/:consultation$/, '');
