// SPDX-License-Identifier: GPL-2.0
/*
 * Temperatures as a hwmon device ("nvme", under the controller), like the
 * in-tree driver's: the composite temperature and up to eight sensors from
 * the SMART / Health log, the warning and critical thresholds, and the
 * temperature alarm bit.
 */
#include <linux/hwmon.h>
#include <linux/slab.h>
#include <linux/units.h>

#include "cnvme.h"

#define CNV_HWMON_CHANNELS 9	/* composite + 8 sensors */

struct cnv_hwmon {
	struct cnv_ctrl *ctrl;
	struct mutex lock;		/* serialises use of log */
	struct cnv_smart_log log;	/* DMA target of Get Log Page */
	u16 wctemp;
	u16 cctemp;
};

static int cnv_hwmon_read_log(struct cnv_hwmon *hw)
{
	return cnv_admin_get_log(hw->ctrl, CNV_LOG_SMART, &hw->log, sizeof(hw->log));
}

static int cnv_hwmon_threshold(struct cnv_hwmon *hw, int channel, bool under,
			       long *millicelsius, bool set)
{
	u32 sel = CNV_TEMP_THRESH_SENSOR(channel) | (under ? CNV_TEMP_THRESH_UNDER : 0);
	struct cnv_sqe cmd = {
		.opcode = set ? CNV_ADMIN_SET_FEATURES : CNV_ADMIN_GET_FEATURES,
		.cdw10 = cpu_to_le32(CNV_FEAT_TEMP_THRESHOLD),
	};
	u32 result;
	int ret;

	if (set) {
		long kelvin = millicelsius_to_kelvin(clamp_val(*millicelsius, -273150, 65535000));

		sel |= clamp_val(kelvin, 0, 0xffff);
	}
	cmd.cdw11 = cpu_to_le32(sel);
	ret = cnv_admin_exec(hw->ctrl, &cmd, NULL, 0, &result);
	if (ret)
		return ret < 0 ? ret : -EIO;
	if (!set)
		*millicelsius = kelvin_to_millicelsius(result & 0xffff);
	return 0;
}

static int cnv_hwmon_read(struct device *dev, enum hwmon_sensor_types type,
			  u32 attr, int channel, long *val)
{
	struct cnv_hwmon *hw = dev_get_drvdata(dev);
	u16 kelvin;
	int ret;

	switch (attr) {
	case hwmon_temp_max:
	case hwmon_temp_min:
		return cnv_hwmon_threshold(hw, channel, attr == hwmon_temp_min, val, false);
	case hwmon_temp_crit:
		*val = kelvin_to_millicelsius(hw->cctemp);
		return 0;
	default:
		break;
	}
	mutex_lock(&hw->lock);
	ret = cnv_hwmon_read_log(hw);
	if (ret) {
		ret = ret < 0 ? ret : -EIO;
		goto unlock;
	}
	switch (attr) {
	case hwmon_temp_input:
		if (channel)
			kelvin = le16_to_cpu(hw->log.temp_sensor[channel - 1]);
		else
			kelvin = hw->log.temperature[0] | (hw->log.temperature[1] << 8);
		*val = kelvin_to_millicelsius(kelvin);
		break;
	case hwmon_temp_alarm:
		*val = !!(hw->log.critical_warning & CNV_SMART_WARN_TEMPERATURE);
		break;
	default:
		ret = -EOPNOTSUPP;
	}
unlock:
	mutex_unlock(&hw->lock);
	return ret;
}

static int cnv_hwmon_write(struct device *dev, enum hwmon_sensor_types type,
			   u32 attr, int channel, long val)
{
	struct cnv_hwmon *hw = dev_get_drvdata(dev);

	if (attr != hwmon_temp_max && attr != hwmon_temp_min)
		return -EOPNOTSUPP;
	return cnv_hwmon_threshold(hw, channel, attr == hwmon_temp_min, &val, true);
}

static const char *const cnv_hwmon_labels[CNV_HWMON_CHANNELS] = {
	"Composite", "Sensor 1", "Sensor 2", "Sensor 3", "Sensor 4",
	"Sensor 5", "Sensor 6", "Sensor 7", "Sensor 8",
};

static int cnv_hwmon_read_string(struct device *dev, enum hwmon_sensor_types type,
				 u32 attr, int channel, const char **str)
{
	*str = cnv_hwmon_labels[channel];
	return 0;
}

/* Sensors that read zero at registration do not exist (5.16.1.3). */
static umode_t cnv_hwmon_is_visible(const void *data, enum hwmon_sensor_types type,
				    u32 attr, int channel)
{
	const struct cnv_hwmon *hw = data;
	bool present = !channel || hw->log.temp_sensor[channel - 1];
	u32 quirks = hw->ctrl->quirks;

	switch (attr) {
	case hwmon_temp_input:
	case hwmon_temp_label:
		return present ? 0444 : 0;
	case hwmon_temp_max:
	case hwmon_temp_min:
		return cnv_quirks_temp_threshold_mode(quirks, channel, present, hw->wctemp);
	case hwmon_temp_crit:
		return !channel && hw->cctemp ? 0444 : 0;
	case hwmon_temp_alarm:
		return !channel ? 0444 : 0;
	default:
		return 0;
	}
}

#define CNV_HWMON_SENSOR (HWMON_T_INPUT | HWMON_T_MAX | HWMON_T_MIN | HWMON_T_LABEL)

static const struct hwmon_channel_info *cnv_hwmon_info[] = {
	HWMON_CHANNEL_INFO(chip, HWMON_C_REGISTER_TZ),
	HWMON_CHANNEL_INFO(temp,
			   CNV_HWMON_SENSOR | HWMON_T_CRIT | HWMON_T_ALARM,
			   CNV_HWMON_SENSOR, CNV_HWMON_SENSOR, CNV_HWMON_SENSOR,
			   CNV_HWMON_SENSOR, CNV_HWMON_SENSOR, CNV_HWMON_SENSOR,
			   CNV_HWMON_SENSOR, CNV_HWMON_SENSOR),
	NULL
};

static const struct hwmon_ops cnv_hwmon_ops = {
	.is_visible = cnv_hwmon_is_visible,
	.read = cnv_hwmon_read,
	.read_string = cnv_hwmon_read_string,
	.write = cnv_hwmon_write,
};

static const struct hwmon_chip_info cnv_hwmon_chip = {
	.ops = &cnv_hwmon_ops,
	.info = cnv_hwmon_info,
};

/**
 * cnv_hwmon_add() - register the temperature sensors of a live controller
 * @ctrl: controller
 * @id: its Identify Controller data (thresholds)
 *
 * A controller whose SMART log cannot be read simply has no hwmon device.
 */
void cnv_hwmon_add(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id)
{
	struct cnv_hwmon *hw;
	struct device *dev;

	if (ctrl->hwmon)
		return;
	hw = kzalloc(sizeof(*hw), GFP_KERNEL);
	if (!hw)
		return;
	hw->ctrl = ctrl;
	hw->wctemp = le16_to_cpu(id->wctemp);
	hw->cctemp = le16_to_cpu(id->cctemp);
	mutex_init(&hw->lock);
	if (cnv_hwmon_read_log(hw))
		goto free;
	dev = hwmon_device_register_with_info(&ctrl->device, "nvme", hw, &cnv_hwmon_chip, NULL);
	if (IS_ERR(dev))
		goto free;
	ctrl->hwmon = dev;
	return;
free:
	kfree(hw);
}

/**
 * cnv_hwmon_remove() - unregister the sensors
 * @ctrl: controller being removed
 */
void cnv_hwmon_remove(struct cnv_ctrl *ctrl)
{
	struct cnv_hwmon *hw;

	if (!ctrl->hwmon)
		return;
	hw = dev_get_drvdata(ctrl->hwmon);
	hwmon_device_unregister(ctrl->hwmon);
	ctrl->hwmon = NULL;
	kfree(hw);
}
