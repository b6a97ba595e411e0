/** ArqSIGN's messages, verbatim (docs/arqsign.md#errors, #endpoints). Clients match on these texts. */

export const E_UNKNOWN_PARAM = 'Algum parâmetro está incorreto ou é inexistente.';
export const E_DELETED = 'Documento excluído.';
export const E_401 = 'Acesso não autorizado.';
export const E_404 = 'Método não encontrado.';
export const E_500 = 'Ocorreu um erro interno no servidor.'; // [ASSUMED] text
export const E_429 = 'Limite de requisições excedido.'; // [ASSUMED] (docs/arqsign-gaps.md#gap-11)
export const E_413 = 'O tamanho da requisição excede o limite permitido.'; // [ASSUMED] (docs/arqsign-gaps.md#gap-34)

export const eRequired = (items: string[]) => `O(s) item(ns) listado(s) é(são) obrigatório(s): ${items.join(', ')}`;
export const eFormat = (items: string[]) => `O(s) item(ns) listado(s) está(ão) com o formato incorreto: ${items.join(', ')}`;
export const eIds = (ids: string[]) => `O(s) id(s) listado(s) não existe(m): ${ids.join(', ')}`;

/** 3.1.4 — send process. */
export const SEND = {
  noCredits: 'Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente',
  folderNotFound: 'idPasta não encontrado.',
  orderRequired:
    'Quando o parâmetro usarOrdemDeAssinatura for igual a true, é obrigatório definir ordem de assinatura para o(s) signatário(s) com ação de Assinar Online.',
  duplicateInOrder:
    'Existem destinatários duplicados na mesma posição de ordem de assinatura. Verifique a lista de destinatários e configure uma ordem de assinatura diferente para os destinatários duplicados ou remova os repetidos',
  badVisual: 'O parâmetro representacaoVisualAssinatura permite somente valor 1, 2 ou 3.',
  emailOrPhoneRequired: 'O parâmetro email ou telefone é obrigatório.',
  badEmail: 'E-mail inválido.',
  bothEmailAndPhone: 'Somente é possível enviar o processo para um e-mail ou telefone. Escolha uma forma de envio.',
  badPhone: 'Telefone inválido.',
  whatsappOnlyElectronic:
    'Somente é possível enviar processos por WhatsApp para signatários com tipo de assinatura eletrônica ou com ação de receber cópia.',
  unknownRole: 'O(s) Papel(is) do(s) Signatário(s) informado(s) não existe(m) para a conta.',
  badCodeChannel: 'O parâmetro idMeioEnvio permite somente valores 1, 2, 3 ou 4.',
  codeEmailRequired: 'O parâmetro codigoSegurancaEmail é obrigatório quando o parâmetro idMeioEnvio for igual a 3.',
  codePhoneRequired: 'O parâmetro codigoSegurancaTelefone é obrigatório quando o parâmetro idMeioEnvio for igual a 1 ou 2.',
  partialAttachment:
    'Os parâmetros contidos em anexos não são obrigatórios, mas quando for enviado pelo menos um parâmetro nesta coleção, os demais se tornam necessários.',
  duplicateAttachment: 'Não é permitido configurar anexos com mesmo nome.',
  boxOutsidePage: 'Posicionamento definirPosicaoAssinaturaManual fora dos limites da página.',
  twoBoxesSameKind: 'Somente é permitido uma representação por tipo de assinatura.',
  documentOrderRequired:
    'O parâmetro documentoDeOrdem é obrigatório quando no processo possuir mais de um arquivo para assinatura.',
  documentOrderNotFound: (order: unknown) =>
    `Não existe o documento na ordem ${String(order)} informada no parâmetro “documentoDeOrdem”.`,
  missingPfBox:
    'É necessário enviar os parâmetros pessoaFisica em definirPosicaoAssinaturaManual para os signatários com o parâmetro assinarComo = 1 ou 3 em todos os arquivos do processo.',
  missingPjBox:
    'É necessário enviar os parâmetros pessoaJuridica em definirPosicaoAssinaturaManual para signatários com o parâmetro assinarComo = 2 ou 3 em todos os arquivos do processo.',
  /** Mixed quote characters as documented; several pages joined with ", " [ASSUMED separator]. */
  pagesNotInFile: (pages: number[]) =>
    pages.length === 1
      ? `A página "${pages[0]}” não existe no arquivo.`
      : `As páginas "${pages.join(', ')}” não existem no arquivo.`,
  badSignatureType: 'O parâmetro idTipoAssinatura permite somente valores 1, 3 ou 4.',
  badPfDocType: 'O parâmetro tipoDocumentoAInformar permite somente valores 1, 2, 3 ou 4.',
  missingPfDocConfig: 'O parâmetro configuracaoDocumentoOutro é obrigatório quando tipoDocumentoAInformar for igual a 4.',
  badPjDocType: 'O parâmetro tipoDocumentoEmpresaAInformar permite somente valores 4 ou 5.',
  missingPjDocConfig:
    'O parâmetro configuracaoDocumentoEmpresaOutro é obrigatório quando tipoDocumentoEmpresaAInformar for igual a 4.',
  prefillNameTooLong: 'São permitidos até 250 caracteres no parâmetro nome.',
  badPfNumber: 'O valor informado no parâmetro numeroDocumento é inválido para o tipo definido no parâmetro tipoDocumentoAInformar.',
  badPjNumber:
    'O valor informado no parâmetro numeroDocumento é inválido para o tipo definido no parâmetro tipoDocumentoEmpresaAInformar.',
  labelRequired: 'O parâmetro label é obrigatório quando informar o parâmetro valor.',
  valueRequired: 'O parâmetro valor é obrigatório quando informar o parâmetro label.',
  tooManyFiles: 'É permitido enviar até 25 arquivos por processo, cujo tamanho não ultrapasse a soma de 100MB.',
  tooLarge: 'Não é permitido um arquivo ou uma coleção de arquivos que ultrapasse a soma de 100MB.',
  notPdf: (fileName: string) => `O arquivo ${fileName} é inválido. Somente é permitido arquivo do tipo PDF.`,
  documentOrderMissing: 'Para processo com mais de um arquivo o parâmetro ordemDocumento é obrigatório em cada documento.',
  duplicateDocumentOrder: 'Não é permitido arquivos com a mesma ordem.',
  fileNameTooLong: 'O tamanho do nome do arquivo não pode ultrapassar a 150 caracteres.',
  duplicateFileName: 'Não é permitido arquivos com mesmo nome.',
  noFile: 'É obrigatório enviar ao menos um arquivo do tipo PDF.',
} as const;

/** 3.6 — cancel (and, [ASSUMED] docs/arqsign-gaps.md#gap-28, resend on a closed process). */
export const PROCESS_STATE = {
  cancelled: 'Documento cancelado com sucesso',
  isConcluded: 'Documento concluído.',
  isCancelled: 'Documento cancelado.',
  isDraft: 'Documento com status "Criado".',
} as const;

/** 3.7 — signer attachments. */
export const ATTACHMENTS = {
  badFileType: 'O parâmetro arquivoTipo permite somente valores 1 ou 2.',
} as const;

/** 3.14 — webhook configurations. */
export const WEBHOOK_CONFIG = {
  usersNotFound: 'Usuário(s) não encontrado(s).',
  usersNotActive: 'Somente é permitido usuários com status ativo.',
  groupsNotFound: 'Grupo(s) não encontrado(s).',
  foldersNotFound: 'Pastas(s) não encontrada(s).', // sic
  limitReached: (limit: number) => `A conta atingiu o limite máximo de ${limit} configurações de webhook.`,
  duplicateName: 'Já existe uma configuração de webhook com este nome.', // [ASSUMED] (docs/arqsign-gaps.md#gap-26)
} as const;
