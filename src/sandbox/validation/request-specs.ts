import { values, type ObjectSpec } from './canonical-keys';

/** Accepted request keys per endpoint (documented spelling; matched case-insensitively). */

const box = values('pagina', 'altura', 'largura', 'posicaoX', 'posicaoY');
const customDoc = values('nomeDocumento', 'formatoDadosDocumento', 'qtdeCaracteresDocumento');
const prefill = values('nome', 'numeroDocumento', 'validarDocumento');

const assinarOnline: ObjectSpec = {
  fields: {
    assinarComo: 'value',
    papelPessoaFisica: 'value',
    papelPessoaJuridica: 'value',
    seguranca: values('codigoSeguranca', 'idMeioEnvio', 'codigoSegurancaEmail', 'codigoSegurancaTelefone', 'reenviarCodigo'),
    mensagemPersonalizada: values('titulo', 'texto'),
    anexos: { arrayOf: values('anexoDocumentoNome', 'anexoObrigatorio', 'anexoExibirTodosDestinatarios') },
    definirPosicaoAssinaturaManual: {
      arrayOf: { fields: { documentoDeOrdem: 'value', pessoaFisica: box, pessoaJuridica: box } },
    },
    idTipoAssinatura: 'value',
    assinaturaEletronica: {
      fields: {
        obrigarSignatarioInformarNome: 'value',
        obrigarSignatarioInformarNumeroDocumento: 'value',
        tipoDocumentoAInformar: 'value',
        configuracaoDocumentoOutro: customDoc,
        obrigarSignatarioInformarNomeEmpresa: 'value',
        obrigarSignatarioInformarNumeroDocumentoEmpresa: 'value',
        tipoDocumentoEmpresaAInformar: 'value',
        configuracaoDocumentoEmpresaOutro: customDoc,
      },
    },
    dadosAssinatura: {
      fields: {
        signatario: prefill,
        empresa: prefill,
        dadosComplementares: { arrayOf: values('label', 'valor') },
      },
    },
  },
};

export const SEND_PROCESS_SPEC: ObjectSpec = {
  fields: {
    idResponsavel: 'value',
    nomeProcesso: 'value',
    idPasta: 'value',
    configuracoesAvancadas: values(
      'tempoExpiracaoDocumentoDias',
      'avisoAntesExpiracaoDocumentoDias',
      'frequenciaLembretesDias',
      'gerarQrCode',
      'obrigarLeitura',
    ),
    renovacaoMeses: 'value',
    mensagemPadrao: values('titulo', 'texto'),
    usarOrdemAssinatura: 'value',
    usarPosicaoAssinaturaAutomatica: 'value',
    destinatarios: {
      arrayOf: {
        fields: {
          idTipoAcao: 'value',
          ordemAssinatura: 'value',
          representacaoVisualAssinatura: 'value',
          nome: 'value',
          email: 'value',
          telefone: 'value',
          assinarOnline,
        },
      },
    },
    documentos: { arrayOf: values('ordemDocumento', 'nomeComExtensao', 'arquivo') },
  },
  aliases: { configuracoesAvancada: 'configuracoesAvancadas' }, // docs/arqsign-gaps.md#gap-24
};

const resendPrefill: ObjectSpec = {
  ...values('nome', 'numeroDocumento', 'validar', 'DescartarDadosAnteriores'),
  aliases: { validarDocumento: 'validar' }, // docs/arqsign-gaps.md#gap-05
};

export const RESEND_ITEM_SPEC: ObjectSpec = {
  fields: {
    idProcessoDestinatario: 'value',
    idFormaEnvioProcesso: 'value',
    nome: 'value',
    email: 'value',
    telefone: 'value',
    idMeioEnvioCodigoSeguranca: 'value',
    emailSeguranca: 'value',
    telefoneSeguranca: 'value',
    permitirReenviarCodigo: 'value',
    dadosAssinatura: { fields: { signatario: resendPrefill, empresa: resendPrefill } },
  },
  aliases: { idFormaEnvio: 'idFormaEnvioProcesso' }, // docs/arqsign-gaps.md#gap-24
};

export const WEBHOOK_CREATE_SPEC: ObjectSpec = {
  fields: {
    nome: 'value',
    status: 'value',
    urlPublicar: 'value',
    aguardarRetorno: 'value',
    usuarios: 'value',
    grupos: 'value',
    pastas: 'value',
    gatilhos: 'value',
    dadosRetorno: {
      ...values(
        'processo',
        'signatarios',
        'documentos',
        'documentosTipo',
        'linkDocCompartilhado',
        'registrosAssinatura',
        'registrosAssinaturaTipo',
      ),
      aliases: {
        linkDocumentoCompartilhado: 'linkDocCompartilhado', // docs/arqsign-gaps.md#gap-06
        registrosAssinaturas: 'registrosAssinatura',
        registrosAssinaturasTipo: 'registrosAssinaturaTipo',
      },
    },
  },
  aliases: { aguardaRetorno: 'aguardarRetorno' }, // docs/arqsign-gaps.md#gap-06
};

export const WEBHOOK_STATUS_SPEC = values('status');
export const ATTACHMENTS_SPEC = values('arquivoTipo', 'signatarios');
export const FOLDERS_SPEC = values('buscarPor', 'ativas', 'pastas');
export const USERS_SPEC = values('ativos', 'usuarios');
export const CONSUMPTION_SPEC = values('dataInicial', 'dataFinal', 'item');
