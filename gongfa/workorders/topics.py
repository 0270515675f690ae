"""The default topic taxonomy (咨询类别): the 20 topics of the evaluation data's lawyer-site
taxonomy plus 其他. Keywords are a starting point for the keyword classifier; staff edit both."""

from __future__ import annotations

DEFAULT_TOPICS: list[tuple[str, str, str]] = [
    (
        "marriage_family",
        "婚姻家庭",
        "离婚 结婚 彩礼 抚养 抚养费 探视 赡养 继承 遗产 遗嘱 夫妻 家暴 家庭暴力 收养 子女 老人 分居 婚前 共同财产",
    ),
    (
        "labour",
        "劳动纠纷",
        "工资 欠薪 拖欠 劳动合同 辞退 开除 加班 社保 工伤 经济补偿 劳动仲裁 老板 公司 试用期 离职 用人单位 农民工",
    ),
    ("traffic_accident", "交通事故", "交通事故 车祸 撞 肇事 交警 责任认定 交强险 酒驾 逃逸 电动车 摩托车 驾驶"),
    ("debt", "债权债务", "借钱 借款 欠款 欠条 借条 还钱 利息 债务 催收 讨债 民间借贷 担保人"),
    ("criminal_defence", "刑事辩护", "刑事 拘留 逮捕 判刑 取保候审 辩护 公安 检察院 量刑 犯罪 诈骗 盗窃 坐牢"),
    ("contract", "合同纠纷", "合同 违约 定金 订金 协议 解除合同 买卖 租赁 装修 中介 违约金"),
    ("real_estate", "房产纠纷", "房子 房屋 购房 买房 卖房 房产证 产权 物业 租房 房东 开发商 交房 宅基地"),
    ("tort", "侵权", "侵权 名誉 隐私 肖像 财产损害 赔偿 损失 狗咬 高空抛物 邻居"),
    ("company", "公司法", "股东 股权 公司 法人 注册资本 分红 董事 清算 合伙"),
    ("medical", "医疗纠纷", "医院 医疗事故 医生 手术 误诊 医疗 病历 医疗损害 药"),
    ("demolition_resettlement", "拆迁安置", "拆迁 征收 征地 安置 补偿款 强拆 棚改"),
    ("administrative_litigation", "行政诉讼", "行政 政府 行政处罚 罚款 复议 行政诉讼 城管 执法 信息公开"),
    ("construction", "建设工程", "工程款 包工头 施工 工地 建设工程 承包 分包 验收"),
    ("intellectual_property", "知识产权", "商标 专利 著作权 版权 侵权盗版 抄袭"),
    ("general", "综合咨询", "咨询 请问 怎么办 法律 律师 起诉 法院 立案"),
    ("personal_injury", "人身损害", "受伤 打伤 殴打 伤残 人身损害 医药费 误工费 伤残鉴定 死亡赔偿"),
    ("foreign", "涉外法律", "涉外 外国 出国 签证 国外 外籍 跨境"),
    ("maritime", "海事海商", "船 船员 海上 货运 海事 渔船 港口"),
    ("consumer_rights", "消费权益", "消费 退货 退款 商家 假货 网购 质量问题 预付卡 消协 三包"),
    ("mortgage_guarantee", "抵押担保", "抵押 担保 质押 保证人 抵押物 贷款 银行"),
    ("other", "其他", ""),
]
